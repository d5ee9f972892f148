-- Every end of a run is consistent (issue 10): a cancel request is recorded, a version becomes
-- READY only when its run succeeds (one version per run attempt), and stages count their tries.
alter table run add column cancel_requested_at timestamp(6) with time zone;
alter table run_stage add column tries integer default 1 not null;
alter table model_version add column run_attempt integer default 1 not null;
-- Earlier releases registered at most one version per run and handed it to every later attempt.
update model_version set run_attempt = (select r.attempt from run r where r.id = model_version.run_id);
alter table model_version drop constraint uq_model_version_run;
alter table model_version add constraint uq_model_version_run_attempt unique (run_id, run_attempt);

-- Repair what earlier releases left behind: versions served although their run did not succeed,
-- and studies (with their trials) left RUNNING by a cancel, a crash or a restart of their run.
update model_version set status = 'WITHDRAWN'
    where status = 'READY' and run_id in (select id from run where status in ('CANCELLED', 'FAILED', 'INTERRUPTED'));
update trial set status = 'INTERRUPTED', ended_at = current_timestamp
    where status = 'RUNNING' and study_id in (select s.id from study s, run r where s.run_id = r.id
        and s.status = 'RUNNING' and (r.status not in ('QUEUED', 'RUNNING') or s.attempt < r.attempt));
update study set status = 'INTERRUPTED', ended_at = current_timestamp
    where status = 'RUNNING' and run_id in (select r.id from run r where r.id = study.run_id
        and (r.status not in ('QUEUED', 'RUNNING') or study.attempt < r.attempt));
