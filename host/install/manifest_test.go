package install

import (
	"encoding/json"
	"errors"
	"testing"
)

func TestManifest(t *testing.T) {
	// Characters JSON must escape survive into the manifest intact.
	bin := `/opt/we"ird\dir/tearoff`
	for _, b := range All {
		data, err := Manifest(b, bin)
		if err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		var m parsedManifest
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("%s: %v in %s", b, err, data)
		}
		if m.Path != bin || m.Name != "dev.tearoff.host" || m.Type != "stdio" {
			t.Errorf("%s: %+v", b, m)
		}
		if (len(m.AllowedOrigins) == 1) == (b == Firefox) || (len(m.AllowedExtensions) == 1) != (b == Firefox) {
			t.Errorf("%s: wrong allow-list field: %s", b, data)
		}
	}
	if _, err := Manifest("opera", bin); !errors.Is(err, ErrUnknownBrowser) {
		t.Fatalf("err = %v, want ErrUnknownBrowser", err)
	}
}
