package v1alpha1

import (
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// EnvoyProxyProvider is TODO.
type EnvoyProxyProvider struct {
	// Type is TODO.
	// +required
	Type EnvoyProxyProviderType `json:"type"`

	// Kubernetes is TODO.
	// +optional
	Kubernetes *EnvoyProxyKubernetesProvider `json:"kubernetes,omitempty"`

	// Host is TODO.
	// +optional
	Host *EnvoyProxyHostProvider `json:"host,omitempty"`
}

// EnvoyProxyProviderType is TODO.
// +kubebuilder:validation:Enum=Kubernetes;Host
type EnvoyProxyProviderType string

const (
	// EnvoyProxyProviderTypeKubernetes is TODO.
	EnvoyProxyProviderTypeKubernetes EnvoyProxyProviderType = "Kubernetes"
	// EnvoyProxyProviderTypeHost is TODO.
	EnvoyProxyProviderTypeHost EnvoyProxyProviderType = "Host"
)

// EnvoyProxyKubernetesProvider is TODO.
type EnvoyProxyKubernetesProvider struct {
	// EnvoyDeployment is TODO.
	// +optional
	EnvoyDeployment *KubernetesDeploymentSpec `json:"envoyDeployment,omitempty"`

	// EnvoyDaemonSet is TODO.
	// +optional
	EnvoyDaemonSet *KubernetesDaemonSetSpec `json:"envoyDaemonSet,omitempty"`

	// EnvoyService is TODO.
	// +optional
	EnvoyService *KubernetesServiceSpec `json:"envoyService,omitempty"`

	// EnvoyHpa is TODO.
	// +optional
	EnvoyHpa *KubernetesHorizontalPodAutoscalerSpec `json:"envoyHpa,omitempty"`

	// UseListenerPortAsContainerPort is TODO.
	// +optional
	UseListenerPortAsContainerPort *bool `json:"useListenerPortAsContainerPort,omitempty"`

	// EnvoyPDB is TODO.
	// +optional
	EnvoyPDB *KubernetesPodDisruptionBudgetSpec `json:"envoyPDB,omitempty"`

	// EnvoyServiceAccount is TODO.
	// +optional
	EnvoyServiceAccount *KubernetesServiceAccountSpec `json:"envoyServiceAccount,omitempty"`
}

// KubernetesDeploymentSpec is TODO.
type KubernetesDeploymentSpec struct {
	// Patch is TODO.
	// +optional
	Patch *KubernetesPatchSpec `json:"patch,omitempty"`

	// Replicas is TODO.
	// +optional
	Replicas *int32 `json:"replicas,omitempty"`

	// Strategy is TODO.
	// +optional
	Strategy *appsv1.DeploymentStrategy `json:"strategy,omitempty"`

	// Pod is TODO.
	// +optional
	Pod *KubernetesPodSpec `json:"pod,omitempty"`

	// Container is TODO.
	// +optional
	Container *KubernetesContainerSpec `json:"container,omitempty"`

	// InitContainers is TODO.
	// +optional
	InitContainers []corev1.Container `json:"initContainers,omitempty"`

	// Name is TODO.
	// +optional
	Name *string `json:"name,omitempty"`
}

// KubernetesPatchSpec is TODO.
type KubernetesPatchSpec struct {
	// Type is TODO.
	// +optional
	Type *MergeType `json:"type,omitempty"`

	// Value is TODO.
	// +required
	Value apiextensionsv1.JSON `json:"value"`
}

// KubernetesPodSpec is TODO.
type KubernetesPodSpec struct {
	// Annotations is TODO.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`

	// Labels is TODO.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`

	// SecurityContext is TODO.
	// +optional
	SecurityContext *corev1.PodSecurityContext `json:"securityContext,omitempty"`

	// Affinity is TODO.
	// +optional
	Affinity *corev1.Affinity `json:"affinity,omitempty"`

	// Tolerations is TODO.
	// +optional
	Tolerations []corev1.Toleration `json:"tolerations,omitempty"`

	// Volumes is TODO.
	// +optional
	Volumes []corev1.Volume `json:"volumes,omitempty"`

	// ImagePullSecrets is TODO.
	// +optional
	ImagePullSecrets []corev1.LocalObjectReference `json:"imagePullSecrets,omitempty"`

	// NodeSelector is TODO.
	// +optional
	NodeSelector map[string]string `json:"nodeSelector,omitempty"`

	// TopologySpreadConstraints is TODO.
	// +optional
	TopologySpreadConstraints []corev1.TopologySpreadConstraint `json:"topologySpreadConstraints,omitempty"`

	// PriorityClassName is TODO.
	// +optional
	PriorityClassName *string `json:"priorityClassName,omitempty"`
}

// KubernetesContainerSpec is TODO.
type KubernetesContainerSpec struct {
	// Env is TODO.
	// +optional
	Env []corev1.EnvVar `json:"env,omitempty"`

	// Resources is TODO.
	// +optional
	Resources *corev1.ResourceRequirements `json:"resources,omitempty"`

	// SecurityContext is TODO.
	// +optional
	SecurityContext *corev1.SecurityContext `json:"securityContext,omitempty"`

	// Image is TODO.
	// +optional
	Image *string `json:"image,omitempty"`

	// ImageRepository is TODO.
	// +optional
	ImageRepository *string `json:"imageRepository,omitempty"`

	// VolumeMounts is TODO.
	// +optional
	VolumeMounts []corev1.VolumeMount `json:"volumeMounts,omitempty"`
}

// KubernetesDaemonSetSpec is TODO.
type KubernetesDaemonSetSpec struct {
	// Patch is TODO.
	// +optional
	Patch *KubernetesPatchSpec `json:"patch,omitempty"`

	// Strategy is TODO.
	// +optional
	Strategy *appsv1.DaemonSetUpdateStrategy `json:"strategy,omitempty"`

	// Pod is TODO.
	// +optional
	Pod *KubernetesPodSpec `json:"pod,omitempty"`

	// Container is TODO.
	// +optional
	Container *KubernetesContainerSpec `json:"container,omitempty"`

	// Name is TODO.
	// +optional
	Name *string `json:"name,omitempty"`
}

// KubernetesServiceSpec is TODO.
type KubernetesServiceSpec struct {
	// Annotations is TODO.
	// +optional
	Annotations map[string]string `json:"annotations,omitempty"`

	// Labels is TODO.
	// +optional
	Labels map[string]string `json:"labels,omitempty"`

	// Type is TODO.
	// +kubebuilder:default=LoadBalancer
	// +optional
	Type *ServiceType `json:"type,omitempty"`

	// LoadBalancerClass is TODO.
	// +optional
	LoadBalancerClass *string `json:"loadBalancerClass,omitempty"`

	// AllocateLoadBalancerNodePorts is TODO.
	// +optional
	AllocateLoadBalancerNodePorts *bool `json:"allocateLoadBalancerNodePorts,omitempty"`

	// LoadBalancerSourceRanges is TODO.
	// +optional
	LoadBalancerSourceRanges []string `json:"loadBalancerSourceRanges,omitempty"`

	// LoadBalancerIP is TODO.
	// +optional
	LoadBalancerIP *string `json:"loadBalancerIP,omitempty"`

	// ExternalTrafficPolicy is TODO.
	// +kubebuilder:default=Local
	// +optional
	ExternalTrafficPolicy *ServiceExternalTrafficPolicy `json:"externalTrafficPolicy,omitempty"`

	// Patch is TODO.
	// +optional
	Patch *KubernetesPatchSpec `json:"patch,omitempty"`

	// Name is TODO.
	// +optional
	Name *string `json:"name,omitempty"`
}

// ServiceType is TODO.
// +kubebuilder:validation:Enum=ClusterIP;LoadBalancer;NodePort
type ServiceType string

const (
	// ServiceTypeClusterIP is TODO.
	ServiceTypeClusterIP ServiceType = "ClusterIP"
	// ServiceTypeLoadBalancer is TODO.
	ServiceTypeLoadBalancer ServiceType = "LoadBalancer"
	// ServiceTypeNodePort is TODO.
	ServiceTypeNodePort ServiceType = "NodePort"
)

// ServiceExternalTrafficPolicy is TODO.
// +kubebuilder:validation:Enum=Local;Cluster
type ServiceExternalTrafficPolicy string

const (
	// ServiceExternalTrafficPolicyCluster is TODO.
	ServiceExternalTrafficPolicyCluster ServiceExternalTrafficPolicy = "Cluster"
	// ServiceExternalTrafficPolicyLocal is TODO.
	ServiceExternalTrafficPolicyLocal ServiceExternalTrafficPolicy = "Local"
)

// KubernetesHorizontalPodAutoscalerSpec is TODO.
type KubernetesHorizontalPodAutoscalerSpec struct {
	// MinReplicas is TODO.
	// +optional
	MinReplicas *int32 `json:"minReplicas,omitempty"`

	// MaxReplicas is TODO.
	// +required
	MaxReplicas int32 `json:"maxReplicas"`

	// Metrics is TODO.
	// +optional
	Metrics []autoscalingv2.MetricSpec `json:"metrics,omitempty"`

	// Behavior is TODO.
	// +optional
	Behavior *autoscalingv2.HorizontalPodAutoscalerBehavior `json:"behavior,omitempty"`

	// Patch is TODO.
	// +optional
	Patch *KubernetesPatchSpec `json:"patch,omitempty"`

	// Name is TODO.
	// +optional
	Name *string `json:"name,omitempty"`
}

// KubernetesPodDisruptionBudgetSpec is TODO.
type KubernetesPodDisruptionBudgetSpec struct {
	// MinAvailable is TODO.
	// +optional
	MinAvailable *intstr.IntOrString `json:"minAvailable,omitempty"`

	// MaxUnavailable is TODO.
	// +optional
	MaxUnavailable *intstr.IntOrString `json:"maxUnavailable,omitempty"`

	// Patch is TODO.
	// +optional
	Patch *KubernetesPatchSpec `json:"patch,omitempty"`

	// Name is TODO.
	// +optional
	Name *string `json:"name,omitempty"`
}

// KubernetesServiceAccountSpec is TODO.
type KubernetesServiceAccountSpec struct {
	// Name is TODO.
	// +optional
	Name *string `json:"name,omitempty"`
}

// EnvoyProxyHostProvider is TODO.
type EnvoyProxyHostProvider struct {
	// EnvoyVersion is TODO.
	// +optional
	EnvoyVersion *string `json:"envoyVersion,omitempty"`
}
