-- What serving saw of each deployed version's inputs and outputs, counted in the bins of a reference
-- version's passport drift baselines (the deployment's canary while it has one, else its stable
-- version): a rollout step compares the canary with its passport and with the stable version in the
-- same bins, and a drift monitor compares the served version's traffic with its passport.
alter table serving_window add column reference_version_id bigint;
alter table serving_window add column output_bins_json varchar(20000);
alter table serving_window add column input_bins_json varchar(1000000);
