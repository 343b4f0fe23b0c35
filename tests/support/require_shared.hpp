// REQUIRE_SHARED(path): skips the current test when a file of ../shared (MEDSEARCH_SHARED_DIR)
// is absent, so a checkout without the shared data runs every other test. For GoogleTest
// test bodies (GTEST_SKIP returns from the enclosing function).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>

#define REQUIRE_SHARED(path) \
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "shared data absent: " << (path)
