package v1alpha1

import (
	"regexp"

	"k8s.io/apimachinery/pkg/util/validation/field"
)

// Patterns of Envoy container images and of load balancer addresses.
var (
	imagePattern           = regexp.MustCompile(`^[a-zA-Z0-9._-]+(:[0-9]+)?(/[a-zA-Z0-9._/-]+)?(:[a-zA-Z0-9._-]+)?(@sha256:[a-z0-9]+)?$`)
	imageRepositoryPattern = regexp.MustCompile(`^[a-zA-Z0-9._-]+(:[0-9]+)?[a-zA-Z0-9._/-]+$`)
	ipv4Pattern            = regexp.MustCompile(`^((25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$`)
)

// validateProxyProvider checks where and how Envoy runs.
func validateProxyProvider(pr *EnvoyProxyProvider, p *field.Path) field.ErrorList {
	if pr == nil {
		return nil
	}
	errs := requiredEnum(pr.Type, p.Child("type"), EnvoyProxyProviderTypeKubernetes, EnvoyProxyProviderTypeHost)
	return append(errs, validateKubernetesProvider(pr.Kubernetes, p.Child("kubernetes"))...)
}

// validateKubernetesProvider checks the Kubernetes resources that run Envoy:
// a Deployment or a DaemonSet, and no autoscaler for a DaemonSet.
func validateKubernetesProvider(k *EnvoyProxyKubernetesProvider, p *field.Path) field.ErrorList {
	if k == nil {
		return nil
	}
	var errs field.ErrorList
	if d := k.EnvoyDeployment; d != nil {
		dp := p.Child("envoyDeployment")
		errs = append(errs, validatePatch(d.Patch, dp.Child("patch"))...)
		errs = append(errs, validateContainer(d.Container, dp.Child("container"))...)
	}
	if d := k.EnvoyDaemonSet; d != nil {
		dp := p.Child("envoyDaemonSet")
		errs = append(errs, validatePatch(d.Patch, dp.Child("patch"))...)
		errs = append(errs, validateContainer(d.Container, dp.Child("container"))...)
	}
	errs = append(errs, validateKubernetesService(k.EnvoyService, p.Child("envoyService"))...)
	errs = append(errs, validateHPA(k.EnvoyHpa, p.Child("envoyHpa"))...)
	if pdb := k.EnvoyPDB; pdb != nil {
		pp := p.Child("envoyPDB")
		errs = append(errs, validatePatch(pdb.Patch, pp.Child("patch"))...)
		errs = append(errs, exactlyOne(pp, member{"minAvailable", pdb.MinAvailable != nil}, member{"maxUnavailable", pdb.MaxUnavailable != nil})...)
	}
	if k.EnvoyDaemonSet != nil {
		if k.EnvoyDeployment != nil {
			errs = append(errs, field.Forbidden(p.Child("envoyDaemonSet"), "may not be set together with envoyDeployment"))
		}
		if k.EnvoyHpa != nil {
			errs = append(errs, field.Forbidden(p.Child("envoyHpa"), "may not be set together with envoyDaemonSet"))
		}
	}
	return errs
}

// validatePatch checks a patch applied to a generated Kubernetes resource.
func validatePatch(kp *KubernetesPatchSpec, p *field.Path) field.ErrorList {
	if kp == nil {
		return nil
	}
	return required(kp.Value.Raw != nil, p.Child("value"))
}

// validateContainer checks the image settings of the Envoy container: a full
// image or only a repository, not both. Its other fields are Kubernetes core
// types and are not checked.
func validateContainer(c *KubernetesContainerSpec, p *field.Path) field.ErrorList {
	if c == nil {
		return nil
	}
	var errs field.ErrorList
	if c.Image != nil && !imagePattern.MatchString(*c.Image) {
		errs = append(errs, field.Invalid(p.Child("image"), *c.Image, "must be an image reference such as docker.io/envoyproxy/envoy:v1.33.0"))
	}
	if c.ImageRepository != nil && !imageRepositoryPattern.MatchString(*c.ImageRepository) {
		errs = append(errs, field.Invalid(p.Child("imageRepository"), *c.ImageRepository, "must be an image repository without tag or digest, such as docker.io/envoyproxy/envoy"))
	}
	if c.Image != nil && c.ImageRepository != nil {
		errs = append(errs, field.Forbidden(p.Child("imageRepository"), "may not be set together with image"))
	}
	return errs
}

// validateKubernetesService checks the Service in front of Envoy; load
// balancer settings need the LoadBalancer type, the default.
func validateKubernetesService(s *KubernetesServiceSpec, p *field.Path) field.ErrorList {
	if s == nil {
		return nil
	}
	typ := deref(s.Type, ServiceTypeLoadBalancer)
	errs := enumValue(typ, p.Child("type"), ServiceTypeClusterIP, ServiceTypeLoadBalancer, ServiceTypeNodePort)
	errs = append(errs, optionalEnum(s.ExternalTrafficPolicy, p.Child("externalTrafficPolicy"),
		ServiceExternalTrafficPolicyLocal, ServiceExternalTrafficPolicyCluster)...)
	if s.LoadBalancerIP != nil && !ipv4Pattern.MatchString(*s.LoadBalancerIP) {
		errs = append(errs, field.Invalid(p.Child("loadBalancerIP"), *s.LoadBalancerIP, "must be an IPv4 address"))
	}
	errs = append(errs, validatePatch(s.Patch, p.Child("patch"))...)
	if typ == ServiceTypeLoadBalancer {
		return errs
	}
	for _, m := range []member{
		{"allocateLoadBalancerNodePorts", s.AllocateLoadBalancerNodePorts != nil},
		{"loadBalancerIP", s.LoadBalancerIP != nil},
		{"loadBalancerSourceRanges", s.LoadBalancerSourceRanges != nil},
	} {
		if m.set {
			errs = append(errs, field.Forbidden(p.Child(m.name), "may only be set when type is LoadBalancer"))
		}
	}
	return errs
}

// validateHPA checks the autoscaler of the Envoy Deployment: positive replica
// bounds, the maximum no lower than the minimum.
func validateHPA(h *KubernetesHorizontalPodAutoscalerSpec, p *field.Path) field.ErrorList {
	if h == nil {
		return nil
	}
	var errs field.ErrorList
	if h.MaxReplicas <= 0 {
		errs = append(errs, field.Invalid(p.Child("maxReplicas"), h.MaxReplicas, "must be greater than zero"))
	}
	if h.MinReplicas != nil && *h.MinReplicas <= 0 {
		errs = append(errs, field.Invalid(p.Child("minReplicas"), *h.MinReplicas, "must be greater than zero"))
	}
	if h.MinReplicas != nil && h.MaxReplicas < *h.MinReplicas {
		errs = append(errs, field.Invalid(p.Child("maxReplicas"), h.MaxReplicas, "may not be lower than minReplicas"))
	}
	return append(errs, validatePatch(h.Patch, p.Child("patch"))...)
}
