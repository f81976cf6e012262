Creator "Gephi"
graph
[
  node
  [
    id 0
    label "Anna de Vries"
    type "Wijkprofessional"
    organisatie "Welzijn &#38; Zorg 't Hoogeland"
    sector "welzijn"
    graphics
    [
      x -12.5
      y 40.1
      w 10.0
      h 10.0
    ]
  ]
  node
  [
    id 2
    label "Jan van 't Veld"
    type "wijkprofessional"
    organisatie "Gemeente Raalte"
    sector "gemeente"
  ]
  edge
  [
    id 0
    source 0
    target 2
    value 3.0
  ]
]
