-- How often a trial's curve was written. Early stopping is decided in each running trial from the
-- stored curves of its study: at every epoch it reads this small column for all trials of the study
-- and re-reads only the curves that changed since it last looked. Trials from before start at 0.
alter table trial add column curve_writes bigint not null default 0;
