-- On small data a trial's value is the mean of its folds' values. Each fold's value is kept as well (a JSON array
-- in fold order), so that a study can compare its best trial with trial 0 fold by fold when it chooses the trial
-- its run trains; the study records that choice and why.
ALTER TABLE trial ADD COLUMN fold_values_json VARCHAR(10000);
ALTER TABLE study ADD COLUMN choice VARCHAR(2000);
