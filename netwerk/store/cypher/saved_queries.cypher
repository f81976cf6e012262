// Buurtnetwerk: saved queries for Neo4j Browser (or cypher-shell) on a Neo4j store.
// Each query starts with a "// name:" line; parameters are set in Browser with
//   :param person_id => 'p01'
// Residents appear under their pseudonym unless they consented to their name, as in the
// dashboard. Exact measures (betweenness, Burt's constraint, Gould-Fernandez brokerage)
// are computed by `netwerk analyse` (networkx); these queries are a quick look.

// name: ego_network
// The ego network of $person_id: everyone who took part in an activity with them, with the
// number of shared activities, and whether a tie was also reported (KNOWS, either way).
MATCH (ego:Person {person_id: $person_id})-[:PARTICIPATED]->(a:Activity)<-[:PARTICIPATED]-(alter:Person)
WITH ego, alter, count(DISTINCT a) AS shared_activities
RETURN alter.person_id AS person_id,
       CASE WHEN alter.kind = 'resident' AND NOT coalesce(alter.consent_named, false)
            THEN coalesce(alter.pseudonym, 'Bewoner ' + alter.person_id)
            ELSE coalesce(alter.display_name, alter.pseudonym, alter.person_id) END AS label,
       alter.kind AS kind,
       shared_activities,
       EXISTS { (ego)-[:KNOWS]-(alter) } AS reported_tie
ORDER BY shared_activities DESC, person_id;

// name: cross_organisation_ties_per_quarter
// Collaboration at uitvoeringsniveau: pairs of professionals who work for different
// organisations (no shared employer) and took part in the same activity, per quarter
// (Europe/Amsterdam calendar, the activity's own offset).
MATCH (p:Person {kind: 'professional'})-[:PARTICIPATED]->(a:Activity)<-[:PARTICIPATED]-(q:Person {kind: 'professional'})
WHERE p.person_id < q.person_id
  AND EXISTS { (p)-[:WORKS_FOR]->(:Organisation) } AND EXISTS { (q)-[:WORKS_FOR]->(:Organisation) }
  AND NOT EXISTS { (p)-[:WORKS_FOR]->(:Organisation)<-[:WORKS_FOR]-(q) }
WITH a.date.year AS year, a.date.quarter AS quarter, p.person_id + '|' + q.person_id AS pair
RETURN year, quarter, count(DISTINCT pair) AS cross_organisation_ties
ORDER BY year, quarter;

// name: brokers
// Who connects organisations: per person, the number of other organisations whose people
// they met in activities (organisations they do not work for themselves). Top 20.
MATCH (p:Person)-[:PARTICIPATED]->(:Activity)<-[:PARTICIPATED]-(q:Person)-[:WORKS_FOR]->(o:Organisation)
WHERE p <> q AND NOT (p)-[:WORKS_FOR]->(o)
WITH p, count(DISTINCT o) AS organisations_reached
RETURN p.person_id AS person_id,
       CASE WHEN p.kind = 'resident' AND NOT coalesce(p.consent_named, false)
            THEN coalesce(p.pseudonym, 'Bewoner ' + p.person_id)
            ELSE coalesce(p.display_name, p.pseudonym, p.person_id) END AS label,
       organisations_reached
ORDER BY organisations_reached DESC, person_id
LIMIT 20;

// name: trust_between_organisations
// Mean trust (reliability, mission, openness; PARTNER tool) that organisations give each
// other per survey round.
MATCH (a:Organisation)-[r:RATED]->(b:Organisation)
WITH r.round_id AS round_id, a.name AS rater, b.name AS rated,
     [x IN [r.reliability, r.mission, r.openness] WHERE x IS NOT NULL] AS items
WHERE size(items) > 0
RETURN round_id, rater, rated, reduce(s = 0.0, x IN items | s + x) / size(items) AS trust
ORDER BY round_id, rater, rated;
