# tests/pg_hang.sh — makes the throwaway PostgreSQL of tests/pg.sh stop
# answering at an exact point of a push, the way a hung server or a
# network that silently drops packets looks to the client: the process
# is stopped with SIGSTOP, so it neither answers nor closes anything.
#
# Source it after tests/pg.sh and pg_start, then:
#
#   pg_hang_at_station SEQ WHAT  the batch whose station update goes
#                                beyond SEQ stops, before its COMMIT
#   pg_hang_in_copy ROW WHAT     the ROWth service entry a COPY reads
#                                stops, in the middle of the COPY's data
#                                (the client is still sending)
#   pg_hang_now                  stops the whole cluster at once
#   pg_hang_off                  removes both hooks (after pg_resume)
#   pg_resume                    SIGCONT to every process of the cluster
#
# WHAT is "backend" (the push's server process only: the postmaster
# still takes a cancel request) or "cluster" (the postmaster and all its
# processes: not even a cancel request is taken). The server stops
# itself — the shell it runs for COPY ... TO PROGRAM (the tests connect
# as a superuser) sends the signal — so the point is exact rather than
# a race. The EXIT trap must call pg_resume before pg_cleanup: a stopped
# cluster cannot be shut down.

pg_postmaster_pid() {
	head -1 "$PG_DATA/postmaster.pid" 2>/dev/null
}

pg_hang_now() {
	pm=$(pg_postmaster_pid)
	[ -n "$pm" ] && kill -STOP "$pm" $(pgrep -P "$pm")
}

# SIGCONT to the postmaster and its children; harmless when none stopped.
pg_resume() {
	pm=$(pg_postmaster_pid)
	[ -n "$pm" ] || return 0
	kill -CONT "$pm" $(pgrep -P "$pm") 2>/dev/null
	return 0
}

# The function the hooks call: test_hang('backend' | 'cluster').
pg_hang_function() {
	pm=$(pg_postmaster_pid)
	pg_psql "CREATE OR REPLACE FUNCTION test_hang(what text) RETURNS void
	  LANGUAGE plpgsql AS \$f\$
	BEGIN
	  IF what = 'cluster' THEN
	    EXECUTE format('COPY (SELECT 1) TO PROGRAM %L',
	      'kill -STOP $pm \$(pgrep -P $pm)');
	  ELSE
	    EXECUTE format('COPY (SELECT 1) TO PROGRAM %L',
	      'kill -STOP ' || pg_backend_pid());
	  END IF;
	END \$f\$" >/dev/null
}

pg_hang_at_station() {
	pg_hang_function || return 1
	pg_psql "CREATE OR REPLACE FUNCTION test_hang_station() RETURNS trigger
	  LANGUAGE plpgsql AS \$f\$
	BEGIN
	  IF NEW.last_seq > $1 THEN PERFORM test_hang('$2'); END IF;
	  RETURN NEW;
	END \$f\$;
	CREATE TRIGGER test_hang BEFORE UPDATE ON station
	  FOR EACH ROW EXECUTE FUNCTION test_hang_station()" >/dev/null
}

# The COPY fills the columns it is not given from their defaults, row by
# row: received_at's default counts the rows. A push's session copies
# the defaults into its temporary tables when it makes them, so set this
# before the push connects.
pg_hang_in_copy() {
	pg_hang_function || return 1
	pg_psql "CREATE SEQUENCE IF NOT EXISTS test_hang_rows;
	CREATE OR REPLACE FUNCTION test_hang_row() RETURNS timestamptz
	  LANGUAGE plpgsql VOLATILE AS \$f\$
	BEGIN
	  IF nextval('test_hang_rows') = $1 THEN PERFORM test_hang('$2'); END IF;
	  RETURN now();
	END \$f\$;
	ALTER TABLE service_entry ALTER COLUMN received_at
	  SET DEFAULT test_hang_row()" >/dev/null
}

pg_hang_off() {
	pg_psql "DROP TRIGGER IF EXISTS test_hang ON station;
	ALTER TABLE service_entry ALTER COLUMN received_at SET DEFAULT now()" >/dev/null
}
