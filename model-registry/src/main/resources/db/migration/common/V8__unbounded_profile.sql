-- A data set's profile grows with its columns (about 700 characters each): 10,000 columns passed
-- the old 1,000,000-character bound, and the upload failed after its file was stored.
alter table dataset_version alter column profile_json set data type varchar;
