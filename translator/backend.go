package translator

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	gwapiv1 "sigs.k8s.io/gateway-api/apis/v1"

	egv1a1 "github.com/gatewaykit/gatewaykit/policy/v1alpha1"
)

// Backend status as Envoy Gateway reports it. A valid Backend carries a
// condition of type Accepted; an invalid one a condition of type Invalid,
// status False, whose reason is (oddly, but that is what Envoy Gateway
// writes) Accepted.
const (
	backendConditionAccepted = "Accepted"
	backendConditionInvalid  = "Invalid"
	backendReasonAccepted    = "Accepted"

	msgBackendAccepted = "The Backend was accepted"
	msgBackendDisabled = "The Backend was not accepted since Backend is not enabled in Envoy Gateway Config"
)

// processBackends records the status of every Backend, in input order: all
// of them, whether a route uses them or not. With the Backend API disabled
// every Backend is rejected.
func (t *translation) processBackends() {
	for _, be := range t.res.Backends {
		if be == nil {
			continue
		}
		c := be.DeepCopy()
		switch {
		case !t.cfg.backendEnabled:
			setCondition(&c.Status.Conditions, backendConditionInvalid, metav1.ConditionFalse, backendReasonAccepted, msgBackendDisabled, c.Generation)
		default:
			if p := t.validateBackend(be); p != nil {
				setCondition(&c.Status.Conditions, backendConditionInvalid, metav1.ConditionFalse, backendReasonAccepted,
					"The Backend was not accepted: "+p.msg, c.Generation)
			} else {
				setCondition(&c.Status.Conditions, backendConditionAccepted, metav1.ConditionTrue, backendReasonAccepted, msgBackendAccepted, c.Generation)
			}
		}
		t.out.Statuses.Backends = append(t.out.Statuses.Backends, c)
	}
}

// validateBackend checks a Backend's spec the way Envoy Gateway does and
// returns the first problem found, with the reason a route that refers to
// the Backend reports. The same check decides the Backend's own status.
//
// The rules: a DynamicResolver Backend has no endpoints; TLS settings that
// verify the server (insecureSkipVerify unset or false) need a CA, from the
// Backend itself or from BackendTLSPolicies covering every endpoint port;
// endpoint hostnames and FQDNs are DNS subdomains of at least two labels
// (one label is enough when Envoy runs on the host) and not IP addresses; IP
// addresses parse and are not loopback unless Envoy runs on the host.
func (t *translation) validateBackend(be *egv1a1.Backend) *routeProblem {
	if be.Spec.Type != nil && *be.Spec.Type == egv1a1.BackendTypeDynamicResolver && len(be.Spec.Endpoints) > 0 {
		return problem(reasonInvalidBackendRef, "DynamicResolver type cannot have endpoints specified")
	}
	if p := t.validateBackendTLSCA(be); p != nil {
		return p
	}
	for _, ep := range be.Spec.Endpoints {
		if ep.Hostname != nil {
			if p := t.validateBackendHostname(*ep.Hostname, "hostname"); p != nil {
				return p
			}
		}
		switch {
		case ep.FQDN != nil:
			if p := t.validateBackendHostname(ep.FQDN.Hostname, "FQDN"); p != nil {
				return p
			}
		case ep.IP != nil:
			addr, err := netip.ParseAddr(ep.IP.Address)
			if err != nil {
				return problem(reasonInvalidAddress, "IP address %s is invalid", ep.IP.Address)
			}
			if addr.IsLoopback() && !t.cfg.runningOnHost {
				return problem(reasonInvalidAddress, "IP address %s in the loopback range is only supported when using the Host infrastructure", ep.IP.Address)
			}
		}
	}
	return nil
}

// validateBackendHostname checks one endpoint name; what says which field
// it came from ("hostname" or "FQDN").
func (t *translation) validateBackendHostname(name, what string) *routeProblem {
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		return problem(reasonInvalidAddress, "hostname %s is not a valid %s", name, what)
	}
	if !t.cfg.runningOnHost && !strings.Contains(name, ".") {
		return problem(reasonInvalidAddress, "hostname %s should be a domain with at least two segments separated by dots", name)
	}
	if _, err := netip.ParseAddr(name); err == nil {
		return problem(reasonInvalidAddress, "hostname %s is an IP address", name)
	}
	return nil
}

// validateBackendTLSCA checks that a Backend whose TLS settings verify the
// server has somewhere to get the CA from: its own caCertificateRefs or
// wellKnownCACertificates, a BackendTLSPolicy that targets the whole
// Backend with a CA, or BackendTLSPolicies that target each of its endpoint
// ports (sectionName = the port number).
func (t *translation) validateBackendTLSCA(be *egv1a1.Backend) *routeProblem {
	tls := be.Spec.TLS
	if tls == nil || (tls.InsecureSkipVerify != nil && *tls.InsecureSkipVerify) {
		return nil
	}
	if tls.WellKnownCACertificates != nil || len(tls.CaCertificateRefs) > 0 {
		return nil
	}
	ports := map[string]bool{}
	for _, ep := range be.Spec.Endpoints {
		switch {
		case ep.FQDN != nil:
			ports[strconv.Itoa(int(ep.FQDN.Port))] = false
		case ep.IP != nil:
			ports[strconv.Itoa(int(ep.IP.Port))] = false
		}
	}
	key := policyTargetKey{namespace: be.Namespace, group: egv1a1.GroupName, kind: kindBackend, name: be.Name}
	for _, ps := range t.btlsByTarget()[key] {
		for _, ref := range ps.obj.Spec.TargetRefs {
			if string(ref.Group) != egv1a1.GroupName || string(ref.Kind) != kindBackend || string(ref.Name) != be.Name {
				continue
			}
			if ref.SectionName == nil {
				v := ps.obj.Spec.Validation
				if v.WellKnownCACertificates != nil || len(v.CACertificateRefs) > 0 {
					return nil
				}
				continue
			}
			if _, ok := ports[string(*ref.SectionName)]; ok {
				ports[string(*ref.SectionName)] = true
			}
		}
	}
	if len(ports) > 0 {
		all := true
		for _, covered := range ports {
			all = all && covered
		}
		if all {
			return nil
		}
	}
	return problem(reasonInvalidBackendRef, "must specify either CACertificateRefs or WellKnownCACertificates when InsecureSkipVerify is unset or false")
}

// backendPortSection is the sectionName a BackendTLSPolicy uses for the
// port of a backendRef to a Backend: the port number, or "" without one.
func backendPortSection(port *gwapiv1.PortNumber) string {
	if port == nil {
		return ""
	}
	return fmt.Sprint(int32(*port))
}
