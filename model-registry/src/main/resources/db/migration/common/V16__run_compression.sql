-- The compression stage a run asks for (techniques, objective, budget), JSON; null for a run without it.
ALTER TABLE run ADD COLUMN compression_json VARCHAR(10000);
