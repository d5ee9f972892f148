-- The validation gate a run asks for (limits, sensitive columns), JSON; null for the defaults.
ALTER TABLE run ADD COLUMN validation_json VARCHAR(10000);
