// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

/// @title The native coin as an ERC-20, the shape of WBNB/WETH9: `deposit` wraps what is sent, `withdraw` unwraps.
/// @notice The router names it as its `WETH()`, so a native/USDT pool can price the chain's gas in USDT, as
///         PancakeSwap's WBNB/USDT pool does on BSC. 18 decimals, like the coin it wraps; nothing is ever minted.
contract WrappedNative {
    string public name;
    string public symbol;
    uint8 public constant decimals = 18;

    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);
    event Deposit(address indexed to, uint256 value);
    event Withdrawal(address indexed from, uint256 value);

    constructor(string memory name_, string memory symbol_) {
        name = name_;
        symbol = symbol_;
    }

    receive() external payable {
        deposit();
    }

    function deposit() public payable {
        balanceOf[msg.sender] += msg.value;
        emit Deposit(msg.sender, msg.value);
    }

    function withdraw(uint256 amount) external {
        require(balanceOf[msg.sender] >= amount, "WNATIVE: insufficient balance");
        balanceOf[msg.sender] -= amount;
        emit Withdrawal(msg.sender, amount);
        (bool sent, ) = msg.sender.call{value: amount}("");
        require(sent, "WNATIVE: send failed");
    }

    /// Every coin wrapped and not yet unwrapped.
    function totalSupply() external view returns (uint256) {
        return address(this).balance;
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
            require(allowed >= amount, "WNATIVE: insufficient allowance");
            allowance[from][msg.sender] = allowed - amount;
        }
        _move(from, to, amount);
        return true;
    }

    function _move(address from, address to, uint256 amount) private {
        require(to != address(0), "WNATIVE: transfer to zero");
        uint256 held = balanceOf[from];
        require(held >= amount, "WNATIVE: insufficient balance");
        unchecked {
            balanceOf[from] = held - amount; // cannot underflow: checked just above
        }
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
    }
}
