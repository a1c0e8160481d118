// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

/// @title What every token of Halyrd's local chain shares: ERC-20 balances, allowances and transfers.
/// @notice How a token comes into being is its own: minted by its deployer (MinimalERC20) or wrapped from the native
///         coin (WrappedNative). No fee on transfer, no pause.
abstract contract ERC20 {
    string public name;
    string public symbol;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(string memory name_, string memory symbol_) {
        name = name_;
        symbol = symbol_;
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

    function _move(address from, address to, uint256 amount) internal {
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
