-- A deployment's own protection against model stealing: a request rate per caller (null: only the
-- installation's prediction limit applies) with its burst, and answers with labels only (no class
-- probabilities, whoever calls).
alter table deployment add column rate_per_second double precision;
alter table deployment add column burst double precision;
alter table deployment add column labels_only boolean not null default false;
