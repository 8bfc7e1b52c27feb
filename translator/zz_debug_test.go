package translator

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestZZDump(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	var flags map[string]map[string]bool
	fb, _ := os.ReadFile("/tmp/flags.json")
	json.Unmarshal(fb, &flags)
	files, _ := filepath.Glob("/work/shared/conformance/cases/*.in.yaml")
	os.MkdirAll("/tmp/dump", 0o755)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".in.yaml")
		data, _ := os.ReadFile(f)
		res, err := Load(data)
		if err != nil {
			continue
		}
		fl := flags[name]
		func() {
			defer func() { recover() }()
			r, _ := Translate(res, WithGatewayClassName("envoy-gateway-class"), WithMergeGateways(fl["mergeGateways"]), WithGatewayNamespaceMode(fl["gatewayNamespaceMode"]), WithRunningOnHost(fl["runningOnHost"]))
			b, _ := json.Marshal(map[string]any{"gateways": r.Statuses.Gateways, "classes": r.Statuses.GatewayClasses, "ir": r.IR})
			os.WriteFile("/tmp/dump/"+name+".json", b, 0o644)
		}()
	}
}
