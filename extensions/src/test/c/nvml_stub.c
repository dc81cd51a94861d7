/*
 * A scripted stand-in for libnvidia-ml.so.1, so the NVML binding is tested through JNA without a
 * GPU. It implements the NVML functions trainer4j calls with the real signatures and struct
 * layouts, and exports stub_* functions the tests call to script values and failures.
 *
 * Built by the extensions module's build into target/nvml-stub/libnvidia-ml.so.1.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef int nvmlReturn_t;
typedef struct stub_device *nvmlDevice_t;

typedef struct {
  unsigned int gpu;
  unsigned int memory;
} nvmlUtilization_t;

typedef struct {
  unsigned long long total;
  unsigned long long free;
  unsigned long long used;
} nvmlMemory_t;

/* nvml.h's nvmlMemory_v2_t; its version word is NVML_STRUCT_VERSION(Memory, 2). */
typedef struct {
  unsigned int version;
  unsigned long long total;
  unsigned long long reserved;
  unsigned long long free;
  unsigned long long used;
} nvmlMemory_v2_t;

#define NVML_MEMORY_V2 ((unsigned int)(sizeof(nvmlMemory_v2_t) | (2 << 24)))

typedef union {
  double dVal;
  unsigned int uiVal;
  unsigned long ulVal;
  unsigned long long ullVal;
  signed long long sllVal;
  signed int siVal;
} nvmlValue_t;

typedef struct {
  unsigned long long timeStamp;
  nvmlValue_t sampleValue;
} nvmlSample_t;

enum {
  NVML_SUCCESS = 0,
  NVML_ERROR_UNINITIALIZED = 1,
  NVML_ERROR_INVALID_ARGUMENT = 2,
  NVML_ERROR_NOT_SUPPORTED = 3,
  NVML_ERROR_NOT_FOUND = 6,
  NVML_ERROR_INSUFFICIENT_SIZE = 7,
  NVML_ERROR_GPU_IS_LOST = 15,
  NVML_ERROR_ARGUMENT_VERSION_MISMATCH = 25,
  NVML_ERROR_UNKNOWN = 999
};

enum { VALUE_DOUBLE = 0, VALUE_UINT = 1, VALUE_ULL = 3 };

#define MAX_DEVICES 4
#define MAX_SAMPLES 64
#define MAX_RULES 8

struct stub_device {
  int index;
  char name[96];
  nvmlUtilization_t utilization;
  /* What processes allocated and what the driver reserves; v1 reports their sum as used. */
  unsigned long long memory_total;
  unsigned long long memory_used;
  unsigned long long memory_reserved;
  int samples_supported;
  int sample_value_type;
  int sample_count;
  unsigned long long sample_times[MAX_SAMPLES];
  double sample_values[MAX_SAMPLES];
};

struct rule {
  char function[64];
  int code;
  int after;
  int seen;
};

static struct stub_device devices[MAX_DEVICES];
static int device_count;
static int init_refcount;
static int init_calls;
static int shutdown_calls;
static int sample_count_queries;
static int sample_fetches;
static int sample_not_found;
static int memory_v2_calls;
static struct rule rules[MAX_RULES];
static int rule_count;

/* ---- scripting interface, called by the tests through JNA ---- */

void stub_reset(void) {
  memset(devices, 0, sizeof(devices));
  memset(rules, 0, sizeof(rules));
  rule_count = 0;
  device_count = 1;
  init_refcount = 0;
  init_calls = 0;
  shutdown_calls = 0;
  sample_count_queries = 0;
  sample_fetches = 0;
  sample_not_found = 0;
  memory_v2_calls = 0;
  for (int i = 0; i < MAX_DEVICES; i++) {
    devices[i].index = i;
    snprintf(devices[i].name, sizeof(devices[i].name), "Stub GPU %d", i);
    devices[i].samples_supported = 1;
    devices[i].sample_value_type = VALUE_UINT;
    devices[i].memory_total = 16ULL << 30;
  }
}

void stub_set_device_count(int n) { device_count = n; }

void stub_set_name(int index, const char *name) {
  snprintf(devices[index].name, sizeof(devices[index].name), "%s", name);
}

void stub_set_utilization(int index, unsigned int gpu, unsigned int memory) {
  devices[index].utilization.gpu = gpu;
  devices[index].utilization.memory = memory;
}

void stub_set_memory(int index, unsigned long long total, unsigned long long used) {
  devices[index].memory_total = total;
  devices[index].memory_used = used;
}

void stub_set_memory_reserved(int index, unsigned long long reserved) {
  devices[index].memory_reserved = reserved;
}

void stub_set_samples_supported(int index, int supported) {
  devices[index].samples_supported = supported;
}

/* Replaces the device's sample buffer; values are written back as `value_type` (0, 1 or 3). */
void stub_set_samples(int index, int value_type, const unsigned long long *times,
                      const double *values, int n) {
  struct stub_device *d = &devices[index];
  d->sample_value_type = value_type;
  d->sample_count = n < MAX_SAMPLES ? n : MAX_SAMPLES;
  for (int i = 0; i < d->sample_count; i++) {
    d->sample_times[i] = times[i];
    d->sample_values[i] = values[i];
  }
}

/* Makes `function` ("*" for every device query) return `code` after `after` successful calls. */
void stub_fail(const char *function, int code, int after) {
  if (rule_count == MAX_RULES) return;
  struct rule *r = &rules[rule_count++];
  snprintf(r->function, sizeof(r->function), "%s", function);
  r->code = code;
  r->after = after;
  r->seen = 0;
}

int stub_init_refcount(void) { return init_refcount; }
int stub_init_calls(void) { return init_calls; }
int stub_shutdown_calls(void) { return shutdown_calls; }
int stub_sample_count_queries(void) { return sample_count_queries; }
int stub_sample_fetches(void) { return sample_fetches; }
int stub_sample_not_found(void) { return sample_not_found; }
int stub_memory_v2_calls(void) { return memory_v2_calls; }

/* ---- helpers ---- */

static int scripted_failure(const char *function, int device_query) {
  for (int i = 0; i < rule_count; i++) {
    struct rule *r = &rules[i];
    int matches = strcmp(r->function, function) == 0 || (device_query && strcmp(r->function, "*") == 0);
    if (matches) {
      if (r->seen >= r->after) return r->code;
      r->seen++;
    }
  }
  return NVML_SUCCESS;
}

static int check_device(const char *function, nvmlDevice_t device) {
  if (init_refcount == 0) return NVML_ERROR_UNINITIALIZED;
  if (device == NULL || device < devices || device >= devices + device_count)
    return NVML_ERROR_INVALID_ARGUMENT;
  return scripted_failure(function, 1);
}

/* ---- the NVML API ---- */

nvmlReturn_t nvmlInit_v2(void) {
  int failure = scripted_failure("nvmlInit_v2", 0);
  if (failure) return failure;
  init_calls++;
  init_refcount++;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlShutdown(void) {
  if (init_refcount == 0) return NVML_ERROR_UNINITIALIZED;
  shutdown_calls++;
  init_refcount--;
  return NVML_SUCCESS;
}

const char *nvmlErrorString(nvmlReturn_t result) {
  switch (result) {
    case NVML_SUCCESS: return "Success";
    case NVML_ERROR_UNINITIALIZED: return "Uninitialized";
    case NVML_ERROR_INVALID_ARGUMENT: return "Invalid Argument";
    case NVML_ERROR_NOT_SUPPORTED: return "Not Supported";
    case NVML_ERROR_NOT_FOUND: return "Not Found";
    case NVML_ERROR_INSUFFICIENT_SIZE: return "Insufficient Size";
    case NVML_ERROR_GPU_IS_LOST: return "GPU is lost";
    default: return "Unknown Error";
  }
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *count) {
  if (init_refcount == 0) return NVML_ERROR_UNINITIALIZED;
  if (count == NULL) return NVML_ERROR_INVALID_ARGUMENT;
  int failure = scripted_failure("nvmlDeviceGetCount_v2", 0);
  if (failure) return failure;
  *count = (unsigned int)device_count;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_t *device) {
  if (init_refcount == 0) return NVML_ERROR_UNINITIALIZED;
  if (device == NULL || index >= (unsigned int)device_count) return NVML_ERROR_INVALID_ARGUMENT;
  int failure = scripted_failure("nvmlDeviceGetHandleByIndex_v2", 0);
  if (failure) return failure;
  *device = &devices[index];
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t device, char *name, unsigned int length) {
  int failure = check_device("nvmlDeviceGetName", device);
  if (failure) return failure;
  if (name == NULL) return NVML_ERROR_INVALID_ARGUMENT;
  if (strlen(device->name) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
  strcpy(name, device->name);
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t device, nvmlUtilization_t *utilization) {
  int failure = check_device("nvmlDeviceGetUtilizationRates", device);
  if (failure) return failure;
  if (utilization == NULL) return NVML_ERROR_INVALID_ARGUMENT;
  *utilization = device->utilization;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo(nvmlDevice_t device, nvmlMemory_t *memory) {
  int failure = check_device("nvmlDeviceGetMemoryInfo", device);
  if (failure) return failure;
  if (memory == NULL) return NVML_ERROR_INVALID_ARGUMENT;
  memory->total = device->memory_total;
  memory->used = device->memory_used + device->memory_reserved;
  memory->free = memory->total - memory->used;
  return NVML_SUCCESS;
}

nvmlReturn_t nvmlDeviceGetMemoryInfo_v2(nvmlDevice_t device, nvmlMemory_v2_t *memory) {
  memory_v2_calls++;
  int failure = check_device("nvmlDeviceGetMemoryInfo_v2", device);
  if (failure) return failure;
  if (memory == NULL) return NVML_ERROR_INVALID_ARGUMENT;
  if (memory->version != NVML_MEMORY_V2) return NVML_ERROR_ARGUMENT_VERSION_MISMATCH;
  memory->total = device->memory_total;
  memory->reserved = device->memory_reserved;
  memory->used = device->memory_used;
  memory->free = memory->total - memory->reserved - memory->used;
  return NVML_SUCCESS;
}

/*
 * NVML's protocol: with samples == NULL, report in *sampleCount how many entries to allocate;
 * otherwise fill at most *sampleCount entries newer than lastSeenTimeStamp and set *sampleCount
 * to the number written. NOT_FOUND when nothing is newer than lastSeenTimeStamp.
 */
nvmlReturn_t nvmlDeviceGetSamples(nvmlDevice_t device, int type,
                                  unsigned long long lastSeenTimeStamp, int *sampleValType,
                                  unsigned int *sampleCount, nvmlSample_t *samples) {
  int failure = check_device("nvmlDeviceGetSamples", device);
  if (failure) return failure;
  if (!device->samples_supported) return NVML_ERROR_NOT_SUPPORTED;
  if (type != 1 || sampleValType == NULL || sampleCount == NULL) return NVML_ERROR_INVALID_ARGUMENT;
  int fresh = 0;
  for (int i = 0; i < device->sample_count; i++) {
    if (device->sample_times[i] > lastSeenTimeStamp) fresh++;
  }
  if (fresh == 0) {
    sample_not_found++;
    return NVML_ERROR_NOT_FOUND;
  }
  *sampleValType = device->sample_value_type;
  if (samples == NULL) {
    sample_count_queries++;
    *sampleCount = (unsigned int)fresh;
    return NVML_SUCCESS;
  }
  if (*sampleCount < (unsigned int)fresh) return NVML_ERROR_INSUFFICIENT_SIZE;
  sample_fetches++;
  int written = 0;
  for (int i = 0; i < device->sample_count; i++) {
    if (device->sample_times[i] <= lastSeenTimeStamp) continue;
    nvmlSample_t *s = &samples[written++];
    memset(s, 0xAB, sizeof(*s)); /* garbage in unused union bytes, as a real driver may leave */
    s->timeStamp = device->sample_times[i];
    switch (device->sample_value_type) {
      case VALUE_DOUBLE: s->sampleValue.dVal = device->sample_values[i]; break;
      case VALUE_ULL: s->sampleValue.ullVal = (unsigned long long)device->sample_values[i]; break;
      default: s->sampleValue.uiVal = (unsigned int)device->sample_values[i]; break;
    }
  }
  *sampleCount = (unsigned int)written;
  return NVML_SUCCESS;
}

__attribute__((constructor)) static void stub_load(void) { stub_reset(); }
