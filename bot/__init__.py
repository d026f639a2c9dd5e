"""cmebot core: domain, understanding, conversation and reports; transport-free."""
