// SPDX-License-Identifier: MIT
pragma solidity 0.8.24;

import "./ERC20.sol";

/// @title The native coin as an ERC-20, the shape of WBNB/WETH9: `deposit` wraps what is sent, `withdraw` unwraps.
/// @notice The router names it as its `WETH()`, so a native/USDT pool can price the chain's gas in USDT, as
///         PancakeSwap's WBNB/USDT pool does on BSC. 18 decimals, like the coin it wraps; nothing is ever minted.
contract WrappedNative is ERC20 {
    uint8 public constant decimals = 18;

    event Deposit(address indexed to, uint256 value);
    event Withdrawal(address indexed from, uint256 value);

    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {
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
}
