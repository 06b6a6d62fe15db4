"""Discovery: sources polled on their schedule, their documents read (feeds, sitemaps, lists,
robots.txt, sites), the URLs they give sent to the frontier."""
