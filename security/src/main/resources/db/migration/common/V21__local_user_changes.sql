-- Local users announce their changes like the registry's tables (V20): each server drops the
-- identities it remembered, so a changed password or role takes effect at the next request.
create trigger announce_change after insert or update or delete or truncate on local_user
    for each statement execute function hone_announce_change();
