-- The kind of model a version holds (the name of a dev.hone.ml.servable.ModelKind), which decides
-- how its descriptor (parameters_json) and artifact (weights_sha) are read. Every version before
-- this release is a float MLP, as training produced it. New rows name their kind themselves, so
-- the default is dropped again: a writer that forgot it fails instead of mislabelling a model.
alter table model_version add column kind varchar(40) default 'FLOAT_MLP' not null;
alter table model_version alter column kind drop default;
