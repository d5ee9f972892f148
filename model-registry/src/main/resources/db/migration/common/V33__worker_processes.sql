-- The worker processes that poll the workflow service, as each reports itself (every 15 s while it
-- runs), so that a run's compute can be routed to a queue someone polls and the run can say so.
create table worker_process (
    identity varchar(300) primary key,
    queues varchar(1000) not null,
    compute_concurrency integer not null,
    started_at timestamp(6) with time zone not null,
    seen_at timestamp(6) with time zone not null
);

-- Where a run's compute went and why (device AUTO or GPU), shown with the run.
alter table run add column compute_device varchar(10);
alter table run add column compute_note varchar(1000);
