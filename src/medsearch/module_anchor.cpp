// Linked into every module library so a module whose folder has no .cpp yet still builds.
