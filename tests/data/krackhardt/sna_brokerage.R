# Reference figures from R's sna (Carter T. Butts, statnet) on Krackhardt's managers,
# recorded for tests/unit/test_analysis_brokerage.py and test_analysis_directed.py (the tests
# read the CSV output; they never need R).
#
# Run from this folder:  Rscript sna_brokerage.R
# Recorded with R 4.2.2 and sna 2.7-1 (Debian bookworm: apt-get install r-base-core r-cran-sna).
#
# Inputs (see SOURCE.md): krackhardt_advice.csv, krackhardt_friendship.csv (long ego,alter,tie
# over all 441 ordered pairs, 0 = no tie), krackhardt_attributes.csv (DEPT = department).
# Outputs:
#   sna_brokerage_<net>.csv            brokerage(g, DEPT)$raw.nli per manager (directed network)
#   sna_brokerage_<net>_undirected.csv brokerage(symmetrize(g, "weak"), DEPT)$raw.nli
#   sna_directed_figures.csv           gden, grecip (dyadic, dyadic.nonnull, edgewise), ties,
#                                      mean and max in/out-degree per network
suppressPackageStartupMessages(library(sna))

attrs <- read.csv("krackhardt_attributes.csv")
n <- nrow(attrs)
dept <- attrs$DEPT

read_net <- function(file) {
  long <- read.csv(file)
  m <- matrix(0, n, n, dimnames = list(attrs$ids, attrs$ids))
  m[cbind(long$ego, long$alter)] <- long[[3]]
  diag(m) <- 0  # self-pairs are not ties
  m
}

roles <- function(b, ids) {
  # sna's column names and order: w_I coordinator, w_O itinerant, b_IO representative,
  # b_OI gatekeeper, b_O liaison, t total
  out <- data.frame(person_id = ids, dept = dept, b)
  names(out) <- c("person_id", "dept", colnames(b))
  out
}

figures <- data.frame()
for (net in c("advice", "friendship")) {
  g <- read_net(sprintf("krackhardt_%s.csv", net))
  br <- brokerage(g, dept)
  write.csv(roles(br$raw.nli, attrs$ids), sprintf("sna_brokerage_%s.csv", net), row.names = FALSE)
  u <- symmetrize(g, rule = "weak")
  write.csv(roles(brokerage(u, dept)$raw.nli, attrs$ids), sprintf("sna_brokerage_%s_undirected.csv", net),
            row.names = FALSE)
  indeg <- degree(g, cmode = "indegree")
  outdeg <- degree(g, cmode = "outdegree")
  figures <- rbind(figures, data.frame(
    network = net,
    measure = c("actors", "ties", "gden", "grecip_dyadic", "grecip_dyadic_nonnull", "grecip_edgewise",
                "mean_indegree", "mean_outdegree", "max_indegree", "max_outdegree"),
    value = c(n, sum(g), gden(g), grecip(g, measure = "dyadic"), grecip(g, measure = "dyadic.nonnull"),
              grecip(g, measure = "edgewise"), mean(indeg), mean(outdeg), max(indeg), max(outdeg))))
}
figures$value <- signif(figures$value, 12)
write.csv(figures, "sna_directed_figures.csv", row.names = FALSE)
cat(sprintf("R %s, sna %s\n", paste(R.version$major, R.version$minor, sep = "."), packageVersion("sna")))
