-- statichcpd database schema, compatible with statichcpd 3.09.
--
-- The monitor runs this file at every start (every statement is idempotent).
-- Tables, constraints and triggers keep 3.09's names and behaviour so that
-- existing controllers work unchanged; the indexes at the end are ours and
-- make each per-packet lookup an index search.  See statichcpd-db(5).

-- Filled by the daemon at every start from the attribute CSV files.
CREATE TABLE IF NOT EXISTS valid_attributes (
	opcode    INT NOT NULL,
	max_count INT NOT NULL,
	datatype  INT NOT NULL,
	CONSTRAINT unique_opcode UNIQUE (opcode)
);

CREATE TABLE IF NOT EXISTS valid_v6attributes (
	opcode    INT NOT NULL,
	max_count INT NOT NULL,
	datatype  INT NOT NULL,
	CONSTRAINT unique_opcode UNIQUE (opcode)
);

-- One row per interface; interfaces sharing a groupID form one L2 network.
-- A NULL groupID means "this interface only".
CREATE TABLE IF NOT EXISTS client_groups (
	ifname  TEXT NOT NULL PRIMARY KEY,
	groupID TEXT,
	CONSTRAINT compkey_if_grp UNIQUE (ifname, groupID)
);

-- For DHCPv6 rows the "mac" column holds the client's DUID key.
CREATE TABLE IF NOT EXISTS clients (
	ifname  TEXT NOT NULL,
	groupID TEXT,
	mac     TEXT NOT NULL,
	FOREIGN KEY (ifname, groupID)
		REFERENCES client_groups (ifname, groupID) ON DELETE CASCADE,
	CONSTRAINT compkey_mac_grp_if UNIQUE (ifname, groupID, mac)
);

CREATE TABLE IF NOT EXISTS client_configuration (
	ifname    TEXT NOT NULL,
	groupID   TEXT,
	mac       TEXT NOT NULL,
	attr_code INT NOT NULL,
	attr_val  NOT NULL,
	CONSTRAINT compkey_mac_if_attr
		UNIQUE (ifname, groupID, mac, attr_code, attr_val)
	FOREIGN KEY (ifname, groupID, mac)
		REFERENCES clients (ifname, groupID, mac) ON DELETE CASCADE,
	FOREIGN KEY (ifname, groupID)
		REFERENCES client_groups (ifname, groupID) ON DELETE CASCADE,
	FOREIGN KEY (attr_code)
		REFERENCES valid_attributes (opcode) ON DELETE RESTRICT
);

CREATE TABLE IF NOT EXISTS client_v6configuration (
	ifname    TEXT NOT NULL,
	groupID   TEXT,
	duid      TEXT NOT NULL,
	attr_code INT NOT NULL,
	attr_val  NOT NULL,
	CONSTRAINT compkey_clientid_if_attr
		UNIQUE (ifname, groupID, duid, attr_code, attr_val)
	FOREIGN KEY (ifname, groupID, duid)
		REFERENCES clients (ifname, groupID, mac) ON DELETE CASCADE,
	FOREIGN KEY (ifname, groupID)
		REFERENCES client_groups (ifname, groupID) ON DELETE CASCADE,
	FOREIGN KEY (attr_code)
		REFERENCES valid_v6attributes (opcode) ON DELETE RESTRICT
);

-- Controllers that insert into "clients" first get the group row made.
CREATE TRIGGER IF NOT EXISTS client_insertion BEFORE INSERT ON clients
BEGIN
	INSERT INTO client_groups (ifname, groupID)
		SELECT new.ifname, new.groupID WHERE NOT EXISTS (
			SELECT 1 FROM client_groups WHERE ifname = new.ifname
			AND (groupID = new.groupID OR groupID IS new.groupID));
END;

-- The group row goes with the last client of that interface and group.
CREATE TRIGGER IF NOT EXISTS client_deletion AFTER DELETE ON clients
WHEN (SELECT count(*) FROM clients WHERE ifname = old.ifname
	AND (groupID = old.groupID OR groupID IS old.groupID)) == 0
BEGIN
	DELETE FROM client_groups WHERE ifname = old.ifname
		AND (groupID = old.groupID OR groupID IS old.groupID);
END;

-- With a NULL groupID the foreign keys do not cascade: clean up by hand.
CREATE TRIGGER IF NOT EXISTS client_del_config_cleanup BEFORE DELETE ON clients
WHEN EXISTS (SELECT 1 FROM clients WHERE ifname = old.ifname
	AND groupID IS old.groupID AND old.groupID IS NULL)
BEGIN
	DELETE FROM client_configuration
		WHERE ifname = old.ifname AND mac = old.mac AND groupID IS NULL;
	DELETE FROM client_v6configuration
		WHERE ifname = old.ifname AND duid = old.mac AND groupID IS NULL;
END;

-- Inserting configuration creates the group and client rows it refers to.
CREATE TRIGGER IF NOT EXISTS client_v4_cfg_insertion
BEFORE INSERT ON client_configuration
WHEN (SELECT count(*) FROM client_groups
	WHERE ifname = new.ifname AND groupID IS NULL) == 0
BEGIN
	INSERT INTO client_groups (ifname, groupID)
		SELECT new.ifname, new.groupID WHERE NOT EXISTS (
			SELECT 1 FROM client_groups
			WHERE ifname = new.ifname AND groupID = new.groupID);
	INSERT INTO clients (ifname, groupID, mac)
		SELECT new.ifname, new.groupID, new.mac WHERE NOT EXISTS (
			SELECT 1 FROM clients WHERE ifname = new.ifname
			AND groupID = new.groupID AND mac = new.mac);
END;

-- An interface left with a NULL group by an old controller is moved into
-- the group named by the new row.
CREATE TRIGGER IF NOT EXISTS client_v4_cfg_replace
BEFORE INSERT ON client_configuration
WHEN (SELECT count(*) FROM client_groups
	WHERE ifname = new.ifname AND groupID IS NULL) > 0
	AND new.groupID IS NOT NULL
BEGIN
	REPLACE INTO client_groups (ifname, groupID)
		VALUES (new.ifname, new.groupID);
	REPLACE INTO clients (ifname, groupID, mac)
		VALUES (new.ifname, new.groupID, new.mac);
END;

CREATE TRIGGER IF NOT EXISTS client_v6_cfg_insertion
BEFORE INSERT ON client_v6configuration
WHEN (SELECT count(*) FROM client_groups
	WHERE ifname = new.ifname AND groupID IS NULL) == 0
BEGIN
	INSERT INTO client_groups (ifname, groupID)
		SELECT new.ifname, new.groupID WHERE NOT EXISTS (
			SELECT 1 FROM client_groups
			WHERE ifname = new.ifname AND groupID = new.groupID);
	INSERT INTO clients (ifname, groupID, mac)
		SELECT new.ifname, new.groupID, new.duid WHERE NOT EXISTS (
			SELECT 1 FROM clients WHERE ifname = new.ifname
			AND groupID = new.groupID AND mac = new.duid);
END;

CREATE TRIGGER IF NOT EXISTS client_v6_cfg_replace
BEFORE INSERT ON client_v6configuration
WHEN (SELECT count(*) FROM client_groups
	WHERE ifname = new.ifname AND groupID IS NULL) > 0
	AND new.groupID IS NOT NULL
BEGIN
	REPLACE INTO client_groups (ifname, groupID)
		VALUES (new.ifname, new.groupID);
	REPLACE INTO clients (ifname, groupID, mac)
		VALUES (new.ifname, new.groupID, new.duid);
END;

-- Removing a client's last configuration row removes the client, and the
-- group row when no other client is left in it.
CREATE TRIGGER IF NOT EXISTS client_v4_cfg_deletion
AFTER DELETE ON client_configuration
WHEN (SELECT count(*) FROM client_configuration
	WHERE ifname = old.ifname AND mac = old.mac) == 0
	AND (SELECT count(*) FROM client_v6configuration
	WHERE ifname = old.ifname AND duid = old.mac) == 0
BEGIN
	DELETE FROM clients WHERE ifname = old.ifname
		AND (groupID = old.groupID OR groupID IS old.groupID)
		AND mac = old.mac;
	DELETE FROM client_groups WHERE ifname = old.ifname
		AND (groupID = old.groupID OR groupID IS old.groupID)
		AND NOT EXISTS (SELECT 1 FROM clients WHERE ifname = old.ifname
			AND (groupID = old.groupID OR groupID IS old.groupID)
			AND mac <> old.mac);
END;

CREATE TRIGGER IF NOT EXISTS client_v6_cfg_deletion
AFTER DELETE ON client_v6configuration
WHEN (SELECT count(*) FROM client_v6configuration
	WHERE ifname = old.ifname AND duid = old.duid) == 0
	AND (SELECT count(*) FROM client_configuration
	WHERE ifname = old.ifname AND mac = old.duid) == 0
BEGIN
	DELETE FROM clients WHERE ifname = old.ifname
		AND (groupID = old.groupID OR groupID IS old.groupID)
		AND mac = old.duid;
	DELETE FROM client_groups WHERE ifname = old.ifname
		AND (groupID = old.groupID OR groupID IS old.groupID)
		AND NOT EXISTS (SELECT 1 FROM clients WHERE ifname = old.ifname
			AND (groupID = old.groupID OR groupID IS old.groupID)
			AND mac <> old.duid);
END;

-- Ours: every per-packet lookup and every trigger count is an index search.
CREATE INDEX IF NOT EXISTS statichcpd_cfg_mac_ifname
	ON client_configuration (mac, ifname);
CREATE INDEX IF NOT EXISTS statichcpd_v6cfg_duid_ifname
	ON client_v6configuration (duid, ifname);
CREATE INDEX IF NOT EXISTS statichcpd_groups_groupid
	ON client_groups (groupID);
