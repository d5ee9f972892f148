-- Local users of embedded mode (Keycloak replaces them in server mode).

create table local_user (
    username       varchar(64)  not null primary key,
    password_hash  varchar(200) not null,
    roles          varchar(500) not null,
    created_at     timestamp(6) with time zone not null
);
