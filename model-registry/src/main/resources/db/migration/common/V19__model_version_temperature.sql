-- The temperature a version's class probabilities are served scaled by (validation's temperature scaling); null:
-- served as the model computes them.
ALTER TABLE model_version ADD COLUMN temperature DOUBLE PRECISION;
