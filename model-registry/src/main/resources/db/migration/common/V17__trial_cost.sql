-- A study with a second objective (tuning.cost) records it on each completed trial: the trial model's batch-1
-- latency in microseconds, or its parameter count. Null in a study of one objective.
ALTER TABLE trial ADD COLUMN trial_cost DOUBLE PRECISION;
