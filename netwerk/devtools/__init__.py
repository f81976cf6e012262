"""Development tools shipped with the package, not used by the product itself.

:mod:`netwerk.devtools.neo4j_server` starts a local Neo4j server for development and tests
(``netwerk neo4j start``); its Maven pom (``neo4j-server/pom.xml``) is package data, so an
installed wheel can start Neo4j too.
"""
