-- Tables whose rows the prediction path caches in memory (model versions, aliases and models here;
-- local users in V21) announce each committed change on the channel 'hone_changes', with the
-- table's name as payload. PostgreSQL delivers a notification only when its transaction commits, once per distinct
-- payload per transaction, to every process that listens: each Hone server drops what it cached
-- from that table. A trigger catches every writer, whatever code path or process it is.
create function hone_announce_change() returns trigger language plpgsql as $$
begin
    perform pg_notify('hone_changes', tg_table_name);
    return null;
end;
$$;

create trigger announce_change after insert or update or delete or truncate on model_version
    for each statement execute function hone_announce_change();
create trigger announce_change after insert or update or delete or truncate on model_alias
    for each statement execute function hone_announce_change();
create trigger announce_change after insert or update or delete or truncate on registered_model
    for each statement execute function hone_announce_change();
