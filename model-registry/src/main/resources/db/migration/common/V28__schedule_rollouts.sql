-- A schedule may end each successful run in a canary rollout of its new version on a deployment,
-- when the version passed its validation gate; each fire records what followed its run.
alter table schedule add column deployment varchar(100);
alter table schedule_fire add column rollout_id bigint references rollout (id);
alter table schedule_fire add column follow_up varchar(2000);
