#!/bin/sh
# config.sh — a bad configuration stops every command with the file, the
# line and the key; relative paths follow the config file, not the cwd.
. "$SVCPOINT_ROOT/tests/lib.sh"
t_setup
t_config kiosk "language = en"

# Relative store and pepper paths resolve against the config's folder.
t_ok "init from another folder" sh -c "cd / && $SP init"
t_ok "the store is beside the config" test -f "$T/svcpoint.db"
t_ok "the pepper is beside the config" test -f "$T/pepper.key"

cp "$CONF" "$T/good.conf"
t_config kiosk "colour = red"
line=$(grep -n '^colour = red$' "$CONF" | cut -d: -f1)
for cmd in "check" "init" "brand show" "activity list" "backup $T/b.db"; do
	t_exit "an unknown key stops '$cmd'" 1 $SP $cmd
	t_contains "'$cmd' names file, line and key" "$(cat "$T/err")" "$CONF:$line: [kiosk] colour"
done
t_ok "no backup was written" test ! -e "$T/b.db"

cp "$T/good.conf" "$CONF"
t_config security "max_failed_pins = many"
line=$(grep -n '^max_failed_pins = many$' "$CONF" | cut -d: -f1)
t_exit "a bad number stops the command" 1 $SP check
t_contains "the bad number is named" "$(cat "$T/err")" "$CONF:$line: [security] max_failed_pins"

cp "$T/good.conf" "$CONF"
t_config printer "type = laser"
t_exit "a bad printer type stops the command" 1 $SP check
t_contains "the choices are listed" "$(cat "$T/err")" "none|escpos|cups|file"

cp "$T/good.conf" "$CONF"
printf 'not a setting\n' >>"$CONF"
line=$(grep -c '' "$CONF")
t_exit "a malformed line stops the command" 1 $SP check
t_contains "the malformed line is named" "$(cat "$T/err")" "$CONF:$line:"

t_exit "a missing config file stops the command" 1 $SVCPOINT_BIN -c "$T/missing.conf" check
t_contains "the missing file is named" "$(cat "$T/err")" "$T/missing.conf"

cp "$T/good.conf" "$CONF"
t_ok "the good config works again" $SP check
t_ok "config.example itself loads" $SVCPOINT_BIN -c "$SVCPOINT_ROOT/config.example" -d "$DB" check

t_done
