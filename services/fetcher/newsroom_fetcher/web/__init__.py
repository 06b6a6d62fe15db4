"""The polite, safe way out to the web: the HTTP client (SSRF guard, limits, decoding),
robots.txt, per-host gates and retries, and the Crawler that takes one URL end to end."""
