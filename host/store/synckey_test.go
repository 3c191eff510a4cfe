package store

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"tearoff.dev/tearoff/host/vault"
)

// The sync key sits beside the vault: doctor does not call it a leftover,
// repair keeps it, and a migrate takes it along.
func TestSyncKeyBesideTheVault(t *testing.T) {
	ctx := context.Background()
	st := openFile(t, fileConfig(t, "pass"))
	if key, err := st.SyncKey(ctx); err != nil || key != nil {
		t.Fatalf("SyncKey before any = %x, %v; want none", key, err)
	}
	if err := st.Update(ctx, func(v *vault.Vault) error {
		fillVault(t, v, 1, 4)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	key := []byte("0123456789abcdefgh")
	if err := st.SetSyncKey(ctx, key); err != nil {
		t.Fatal(err)
	}
	h, err := st.Check(ctx)
	if err != nil || !h.OK() || slices.Contains(h.Leftovers, syncKeyItem) {
		t.Fatalf("Check = %+v, %v; the sync key is no damage and no leftover", h, err)
	}
	if _, err := st.Repair(ctx); err != nil {
		t.Fatal(err)
	}
	if got, err := st.SyncKey(ctx); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("after repair SyncKey = %q, %v", got, err)
	}
	to := openFile(t, fileConfig(t, "other"))
	if err := Move(ctx, st, to, func() error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got, err := to.SyncKey(ctx); err != nil || !bytes.Equal(got, key) {
		t.Errorf("after migrate SyncKey = %q, %v; want it moved", got, err)
	}
}
