-- On small data a study scores each trial by k-fold cross-validation of the training and validation
-- rows: how many folds (null: on the validation split).
ALTER TABLE study ADD COLUMN folds INTEGER;
