-- Ground truth sent back for earlier predictions of a deployment, counted per serving window: how
-- many, how many a classifier got right, and a regressor's summed squared error.
alter table serving_window add column feedback bigint not null default 0;
alter table serving_window add column feedback_correct bigint not null default 0;
alter table serving_window add column feedback_squared_error double precision not null default 0;

-- The key prediction ids are signed with, made once by the first process that needs it and shared
-- by every process through the database (an operator may set HONE_SERVING_FEEDBACK_KEY instead).
create table serving_secret (
    name   varchar(100) primary key,
    secret varchar(200) not null
);
