-- A study warm-started from an earlier study of the same model: which one, and the configurations
-- of its best trials that this study tries first.
alter table study add column warm_start_study_id bigint references study (id);
alter table study add column warm_start_json varchar(100000);
