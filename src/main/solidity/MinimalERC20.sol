// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

/// @title A small ERC-20 for Halyrd's local chain: test USDT and the watchlist tokens.
/// @notice Only the deployer can mint; there is no burn, no pause, no fee on transfer. Decimals are a constructor
///         parameter because the real tokens differ (USDT on BSC has 18, on Ethereum 6) and Halyrd must never
///         assume them.
contract MinimalERC20 {
    string public name;
    string public symbol;
    uint8 public immutable decimals;
    uint256 public totalSupply;
    address public immutable owner;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(string memory name_, string memory symbol_, uint8 decimals_) {
        name = name_;
        symbol = symbol_;
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

    function transfer(address to, uint256 amount) external returns (bool) {
        _move(msg.sender, to, amount);
        return true;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    /// An allowance of type(uint256).max is never decreased (the common "infinite approval").
    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= amount, "ERC20: insufficient allowance");
            allowance[from][msg.sender] = allowed - amount;
        }
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) private {
        require(to != address(0), "ERC20: transfer to zero");
        uint256 held = balanceOf[from];
        require(held >= amount, "ERC20: insufficient balance");
        unchecked {
            balanceOf[from] = held - amount; // cannot underflow: checked just above
        }
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}
