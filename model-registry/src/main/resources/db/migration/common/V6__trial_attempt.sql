-- Which attempt of a trial ran (or runs): a trial retried after a worker crash shows 2 or more.
alter table trial add column attempt integer not null default 1;
