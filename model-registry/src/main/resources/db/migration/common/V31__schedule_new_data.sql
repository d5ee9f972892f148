-- A schedule may also fire when its run's data set gets a new version, at most once in this many
-- seconds (null: new versions fire nothing).
alter table schedule add column new_data_min_interval_seconds bigint;
