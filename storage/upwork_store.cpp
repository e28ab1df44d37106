// The Upwork side's rows (see upwork_store.hpp).
