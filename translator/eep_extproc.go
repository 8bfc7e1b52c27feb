package translator

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gatewaykit/gatewaykit/ir"
	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// eepExtProc is one external processor of an EnvoyExtensionPolicy.
type eepExtProc struct {
	// name is envoyextensionpolicy/<ns>/<name>/extproc/<i>.
	name string
	// destination is the processor's cluster (named like name).
	destination *ir.RouteDestination
	// authority is the :authority of the gRPC calls:
	// <service>.<namespace>[:<port>] of the first backendRef.
	authority string
	// traffic holds the processor's backendSettings; nil when none are
	// set.
	traffic *ir.TrafficFeatures
	// messageTimeout is how long Envoy waits for each reply; nil for
	// Envoy's default.
	messageTimeout *time.Duration
	// failOpen is the spec's failOpen as given (nil when not set).
	failOpen *bool
	// requestHeaders and responseHeaders say whether headers are sent in
	// each direction (a processingMode direction that is set sends them);
	// requestBody and responseBody are the body modes, "" for none.
	requestHeaders, responseHeaders bool
	requestBody, responseBody       egv1a1.ExtProcBodyProcessingMode
	// requestAttributes and responseAttributes are the Envoy attributes
	// sent along.
	requestAttributes, responseAttributes []string
	// allowModeOverride lets the processor change the processing mode.
	allowModeOverride *bool
	// forwardingNamespaces are the metadata namespaces sent to the
	// processor; receivingNamespaces those it may write.
	forwardingNamespaces, receivingNamespaces []string
	// statusOnError is the status returned when the processor fails; nil
	// for Envoy's default.
	statusOnError *int32
	// shadowMode sends data without waiting for replies.
	shadowMode bool
}

// eepExtProcs builds the policy's external processors for the Gateway gw.
// A processor that cannot be built is left out and reported; failOpen is
// true when there were problems and every failing processor has failOpen
// set.
func (t *translation) eepExtProcs(p *egv1a1.EnvoyExtensionPolicy, gw *gatewayState) (out []eepExtProc, failOpen bool, err error) {
	if len(p.Spec.ExtProc) == 0 {
		return nil, false, nil
	}
	var (
		errs       []error
		failClosed bool
	)
	for i := range p.Spec.ExtProc {
		ep := &p.Spec.ExtProc[i]
		x, err := t.eepExtProc(p, ep, i, gw)
		if err != nil {
			errs = append(errs, err)
			if ep.FailOpen == nil || !*ep.FailOpen {
				failClosed = true
			}
			continue
		}
		out = append(out, x)
	}
	err = errors.Join(errs...)
	return out, err != nil && !failClosed, err
}

// eepExtProc builds the i-th external processor ep of p: its destination
// (backendRefs, backend TLS and a check of the backend settings), then its
// processing options.
func (t *translation) eepExtProc(p *egv1a1.EnvoyExtensionPolicy, ep *egv1a1.ExtProc, i int, gw *gatewayState) (eepExtProc, error) {
	name := eepConfigName(p, "extproc", i)
	dest, err := t.extServiceDestination(egv1a1.KindEnvoyExtensionPolicy, p.Namespace, name, ep.BackendRefs, ir.GRPC, gw)
	if err != nil {
		return eepExtProc{}, err
	}
	traffic, err := clusterTraffic(ep.BackendSettings)
	if err != nil {
		return eepExtProc{}, err
	}
	if len(ep.BackendRefs) == 0 || dest == nil {
		// extServiceDestination reports a missing backendRef; this only
		// keeps a broken invariant from panicking.
		return eepExtProc{}, errors.New("no backendRefs found for external service")
	}
	x := eepExtProc{
		name:        name,
		destination: dest,
		authority:   extProcAuthority(ep.BackendRefs[0], p.Namespace),
		failOpen:    ep.FailOpen,
		shadowMode:  ep.ShadowMode != nil && *ep.ShadowMode,
		traffic:     traffic,
	}
	if ep.MessageTimeout != nil {
		d, err := time.ParseDuration(string(*ep.MessageTimeout))
		if err != nil {
			// Envoy Gateway prints the field's pointer here; the value
			// says more.
			return eepExtProc{}, fmt.Errorf("invalid ExtProc MessageTimeout value %s", *ep.MessageTimeout)
		}
		x.messageTimeout = &d
	}
	if m := ep.ProcessingMode; m != nil {
		if r := m.Request; r != nil {
			x.requestHeaders = true
			x.requestBody = derefOr(r.Body, "")
			x.requestAttributes = append([]string(nil), r.Attributes...)
		}
		if r := m.Response; r != nil {
			x.responseHeaders = true
			x.responseBody = derefOr(r.Body, "")
			x.responseAttributes = append([]string(nil), r.Attributes...)
		}
		x.allowModeOverride = m.AllowModeOverride
	}
	if md := ep.Metadata; md != nil {
		x.forwardingNamespaces = append([]string(nil), md.AccessibleNamespaces...)
		x.receivingNamespaces = append([]string(nil), md.WritableNamespaces...)
	}
	x.statusOnError = ep.StatusOnError
	return x, nil
}

// extProcAuthority is the :authority Envoy sends to an external processor:
// <name>.<namespace> of its first backend (the policy's namespace when the
// reference names none), with :<port> when the reference has one.
func extProcAuthority(ref egv1a1.BackendRef, policyNS string) string {
	ns := policyNS
	if ref.Namespace != nil && *ref.Namespace != "" {
		ns = string(*ref.Namespace)
	}
	a := string(ref.Name) + "." + ns
	if ref.Port != nil {
		a += ":" + strconv.Itoa(int(*ref.Port))
	}
	return a
}
