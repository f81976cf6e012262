graph [
  node [ id 1 label "Anna" ]
  node [ id 2 label "Bram" ]
  node [ id 1 label "Carla" ]
  edge [ source 1 target 2 ]
]
