// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import "./ERC20.sol";

/// @title A small ERC-20 for Halyrd's local chain: test USDT and the watchlist tokens.
/// @notice Only the deployer can mint; there is no burn, no pause, no fee on transfer. Decimals are a constructor
///         parameter because the real tokens differ (USDT on BSC has 18, on Ethereum 6) and Halyrd must never
///         assume them.
contract MinimalERC20 is ERC20 {
    uint8 public immutable decimals;
    uint256 public totalSupply;
    address public immutable owner;

    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        decimals = decimals_;
        owner = msg.sender;
    }

    function mint(address to, uint256 amount) external {
        require(msg.sender == owner, "ERC20: not owner");
        require(to != address(0), "ERC20: mint to zero");
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }
}
