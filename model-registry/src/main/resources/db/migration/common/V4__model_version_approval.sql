-- Four-eyes approval of model versions: who decided, when, and why.
alter table model_version add column approval_status varchar(20) default 'PENDING' not null;
alter table model_version add column approved_by varchar(100);
alter table model_version add column approved_at timestamp(6) with time zone;
alter table model_version add column approval_comment varchar(2000);
