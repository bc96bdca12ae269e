-- The transport probe of a site's crawl (crawl::probe): its HTTPS certificate, the http:// → https://
-- redirect and IPv6, as JSON (snapshot::Probe); NULL when the crawl made none.
ALTER TABLE crawl_sites ADD COLUMN probe TEXT;
