# Reference figures from R's sna (Carter T. Butts, statnet) on the s50 excerpt of the Teenage
# Friends and Lifestyle Study (waves 1 and 2), recorded for tests/unit/test_change.py (the test
# reads the CSV output; it never needs R).
#
# Run from this folder:  Rscript sna_change.R
# Recorded with R 4.2.2 and sna 2.7-1 (Debian bookworm: apt-get install r-base-core r-cran-sna).
#
# Inputs (see SOURCE.md): s50-network1.dat, s50-network2.dat (50 x 50 adjacency matrices,
# row = the girl who names a friend, 1 = tie, 0 = none; diagonal 0).
# Output: sna_change.csv with columns network, measure, value:
#   network "directed": the friendship nominations as they are (sna mode = "digraph");
#   network "undirected": symmetrize(g, rule = "weak") (a tie when either names the other;
#   sna mode = "graph").
#   measures per wave w1/w2: gden, grecip_dyadic, grecip_edgewise (directed only),
#   gtrans (measure = "weak", sna's default), degree_centralization and
#   betweenness_centralization (centralization(g, degree|betweenness, mode), sna's default
#   normalisation, i.e. divided by the theoretical maximum for the mode); between the waves:
#   hdist, gcor, and the tie counts kept / new / lost and jaccard = kept / (kept + new + lost).
suppressPackageStartupMessages(library(sna))

w1 <- as.matrix(read.table("s50-network1.dat"))
w2 <- as.matrix(read.table("s50-network2.dat"))
dimnames(w1) <- dimnames(w2) <- NULL

per_wave <- function(g, mode) {
  out <- c(gden = gden(g, mode = mode))
  if (mode == "digraph") {
    out <- c(out, grecip_dyadic = unname(grecip(g, measure = "dyadic")),
             grecip_edgewise = unname(grecip(g, measure = "edgewise")))
  }
  c(out,
    gtrans = gtrans(g, mode = mode),
    degree_centralization = centralization(g, degree, mode = mode),
    betweenness_centralization = centralization(g, betweenness, mode = mode))
}

between <- function(a, b, mode) {
  if (mode == "graph") {
    keep <- upper.tri(a)
  } else {
    keep <- row(a) != col(a)
  }
  x <- a[keep] != 0
  y <- b[keep] != 0
  kept <- sum(x & y)
  new <- sum(!x & y)
  lost <- sum(x & !y)
  c(hdist = hdist(a, b, mode = mode), gcor = gcor(a, b, mode = mode),
    kept = kept, new = new, lost = lost, jaccard = kept / (kept + new + lost))
}

rows <- data.frame()
for (net in c("directed", "undirected")) {
  mode <- if (net == "directed") "digraph" else "graph"
  a <- if (net == "directed") w1 else symmetrize(w1, rule = "weak")
  b <- if (net == "directed") w2 else symmetrize(w2, rule = "weak")
  v1 <- per_wave(a, mode)
  v2 <- per_wave(b, mode)
  vb <- between(a, b, mode)
  rows <- rbind(rows,
    data.frame(network = net, measure = paste0(names(v1), "_w1"), value = unname(v1)),
    data.frame(network = net, measure = paste0(names(v2), "_w2"), value = unname(v2)),
    data.frame(network = net, measure = names(vb), value = unname(vb)))
}
rows$value <- signif(rows$value, 12)
write.csv(rows, "sna_change.csv", row.names = FALSE)
cat(sprintf("R %s, sna %s\n", paste(R.version$major, R.version$minor, sep = "."), packageVersion("sna")))
