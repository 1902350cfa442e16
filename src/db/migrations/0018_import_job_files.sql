-- The workspace's XZuFi page (src/redaktion/xzufiPages.ts) lists an editor's imports by the name
-- of the uploaded file, newest first. Imports through the API have no file name.
ALTER TABLE import_jobs ADD COLUMN file_name text;
CREATE INDEX import_jobs_by_sender ON import_jobs (created_by, created_at DESC);
