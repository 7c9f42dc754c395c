#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sparsereg/error.hpp"

namespace sparsereg::testing {

// Runs f and expects an InvalidArgument naming `argument` whose message
// contains every fragment: the message is part of the contract, not only the throw.
template <class F>
void expect_invalid(F f, const std::string& argument, const std::vector<std::string>& fragments) {
    try {
        f();
        ADD_FAILURE() << "expected InvalidArgument on " << argument;
    } catch (const InvalidArgument& e) {
        EXPECT_EQ(e.argument(), argument) << e.what();
        for (const auto& fragment : fragments) {
            EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
                << "message '" << e.what() << "' lacks '" << fragment << "'";
        }
    }
}

// The message of the IoError a call throws, or "" when it throws none.
template <class F>
std::string io_error_of(F f) {
    try {
        f();
    } catch (const IoError& e) {
        return e.what();
    }
    return "";
}

}  // namespace sparsereg::testing
