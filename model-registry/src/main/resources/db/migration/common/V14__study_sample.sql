-- A study may train its trials on a row sample of the training split: how many rows, and the
-- sample's artifact (content-addressed), so the lineage shows what the trials saw.
ALTER TABLE study ADD COLUMN sample_rows INTEGER;
ALTER TABLE study ADD COLUMN sample_artifact VARCHAR(64);
