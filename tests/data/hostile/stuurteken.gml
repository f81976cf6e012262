graph [
  node [ id 1 label "Anna" type "Wijkprofessional" ]
  node [ id 2 label "Bram" type "Wijkprofessional" ]
  edge [ source 1 target 2 ]
]
