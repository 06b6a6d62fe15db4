"""The clusterer: near-duplicate articles (wire copies, lightly edited reprints) into stories."""
